import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Keys whose values are personal data or secrets. Whatever the depth, pino replaces them
 * before a line is written, so a careless `log({ citizenId })` cannot leak an ID number.
 */
export const REDACTED_KEYS = [
  'idNumber',
  'citizenId',
  'fullName',
  'name',
  'password',
  'authorization',
  'apiKey',
  'token',
  'accessToken',
  'claims',
  'dateOfBirth',
  'address',
  'phone',
  'email',
] as const;

const redactPaths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Pattern of a 12-digit citizen ID number anywhere in free text. */
const ID_NUMBER_PATTERN = /\b\d{12}\b/g;

/** Masks anything that looks like a citizen ID number in a message string. */
export function scrubText(text: string): string {
  return text.replace(ID_NUMBER_PATTERN, '[id-number]');
}

export function createLogger(
  service: string,
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** Nest's logger interface on top of pino, so framework messages are JSON lines too. */
export class JsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace: trace ? scrubText(trace) : undefined }, this.text(message));
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context }, this.text(message));
    }
  }

  private text(message: unknown): string {
    return message instanceof Error ? message.message : String(message);
  }
}
