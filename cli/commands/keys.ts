/** `wealthrec keys create|list|revoke`: the API keys file a server reads (`serve --api-keys-file`), which holds hashes only. */
import type { Command } from 'commander';
import { createApiKey, listApiKeys, revokeApiKey } from '../../serving/api-key-admin.js';
import { API_SCOPES, parseScopes } from '../../serving/api-scopes.js';

const DEFAULT_KEYS_FILE = './api-keys.txt';

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('API keys: each named, with scopes, stored as a hash; a running server picks up a changed file without a restart');
  const fileOption = ['--keys-file <file>', `the keys file (serve --api-keys-file)`, DEFAULT_KEYS_FILE] as const;
  keys
    .command('create')
    .description('make a key from the system random source, add its hash to the file and print the key, this once: it is stored nowhere in clear')
    .argument('<name>', 'who holds it (a team, a system): named in audit records')
    .requiredOption('--scopes <list>', `comma-separated, among ${API_SCOPES.join(', ')}`)
    .option(...fileOption)
    .action(async (name: string, o: { scopes: string; keysFile: string }) => {
      const { key, entry } = await createApiKey(o.keysFile, name, parseScopes(o.scopes));
      // The key alone on stdout, for a script to hand over; what happened on stderr.
      console.error(`key ${entry.name} (${entry.scopes.join(',')}) added to ${o.keysFile}; it is shown this once:`);
      console.log(key);
    });
  keys
    .command('list')
    .description('the names and scopes in the file (never a hash)')
    .option(...fileOption)
    .action((o: { keysFile: string }) => {
      for (const k of listApiKeys(o.keysFile)) console.log(`${k.name}  ${k.scopes.join(',')}`);
    });
  keys
    .command('revoke')
    .description('remove a key from the file: a running server refuses it within a poll interval')
    .argument('<name>')
    .option(...fileOption)
    .action(async (name: string, o: { keysFile: string }) => {
      await revokeApiKey(o.keysFile, name);
      console.log(`key ${name} removed from ${o.keysFile}`);
    });
}
