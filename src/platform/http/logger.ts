/**
 * pino logger whose every line passes through the national-identity-number redactor before it is written [T-5]:
 * a fødselsnummer or D-nummer never reaches the log in clear, wherever it appears (message, URL, query string,
 * headers, error text).
 */
import pino, { type Logger } from 'pino';
import { redactNationalIds } from '../../kernel/ids/index.ts';

export interface LineSink {
  write(line: string): void;
}

export function createLogger(level: string, sink: LineSink = process.stdout): Logger {
  return pino(
    {
      level,
      base: { app: 'samsvar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    },
    { write: (line: string) => sink.write(redactNationalIds(line)) },
  );
}
