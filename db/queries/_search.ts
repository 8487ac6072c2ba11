import "server-only";

/** `%text%` for ILIKE: what a search box matches anywhere, with the user's `%`, `_` and `\` taken literally. */
export const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
