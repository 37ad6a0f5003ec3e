/** An error a client can act on: it becomes `{error, message, details?}` with its HTTP status. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthenticated = (message = 'Sign in first: send "Authorization: Bearer <token>".') =>
  new AppError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string, id: string) => new AppError(404, 'not_found', `No ${what} has the id "${id}".`);
export const invalidRequest = (message: string, details?: unknown) =>
  new AppError(400, 'invalid_request', message, details);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
