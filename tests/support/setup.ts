// Integration tests: PGlite in memory per test file unless DATABASE_URL points at a server
// (migrated once by global-setup). AUTH_SECRET and the secret key are fixed test values.
process.env.OPSDESK_DATA_DIR ??= "memory://";
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";
process.env.OPSDESK_SECRET_KEY ??= "0".repeat(64);
// The webhook and option-source servers of the tests listen on 127.0.0.1 (env.ts reads this once,
// when first imported, after this file). Tests of the refusal pass allowPrivate: false or mock env.
process.env.OUTBOUND_ALLOW_PRIVATE ??= "true";
