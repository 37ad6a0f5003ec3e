import type { MessageKey } from '../i18n/index.js';

/** Answers as a page: a short message in the visitor's language, with the status given. */
export class PageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messageKey: MessageKey,
    readonly vars: Record<string, string> = {},
  ) {
    super(messageKey);
    this.name = 'PageError';
  }
}
