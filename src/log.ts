/** Structured JSON logs (pino) on stderr; never personal data. Level from WEALTHREC_LOG_LEVEL (default warn for the CLI). */
import { pino } from 'pino';

export const log = pino({ name: 'wealthrec', level: process.env.WEALTHREC_LOG_LEVEL ?? 'warn' }, pino.destination(2));
