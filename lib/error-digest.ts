/** The digest pages see for DatabaseUnavailableError (app/error.tsx shows "retrying" for it). Client-safe. */
export const DB_UNAVAILABLE_DIGEST = "OPSDESK_DB_UNAVAILABLE";
