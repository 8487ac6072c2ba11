/**
 * Runs once when the Next.js server starts: open the database (migrations apply on open), seed the
 * demo tenant in embedded mode, and start the embedded background executor when configured.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/boot");
  await boot();
}
