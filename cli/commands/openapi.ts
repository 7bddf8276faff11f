/** `wealthrec openapi`: the API's published contract, as the built server answers it at /openapi.json (`npm run lint:openapi` lints it). */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openApiDocument } from '../../serving/openapi.js';

export function register(program: Command): void {
  program
    .command('openapi')
    .description('print the OpenAPI document of the API (GET /openapi.json), or write it to a file')
    .option('--out <file>', 'write it here instead of stdout')
    .action(async (o: { out?: string }) => {
      const text = `${JSON.stringify(openApiDocument(), null, 2)}\n`;
      if (o.out) await writeFile(o.out, text);
      else process.stdout.write(text);
    });
}
