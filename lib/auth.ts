import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/env";
import { requestMetaOf } from "@/lib/auth/request-meta";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { authSecret } from "@/lib/secrets";
import { ZSignIn } from "@/lib/validation/tenancy";

/** Wrong email or password: one message for both. */
export class InvalidLogin extends CredentialsSignin {
  code = "invalid";
}
/** Too many attempts from this address in the window: refused for a while. */
export class LockedLogin extends CredentialsSignin {
  code = "locked";
}

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string };
  }
}

// Lazy config: nothing (e.g. generating the local secret) happens at build time.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  // Secure (and __Secure- prefixed) session cookies whenever the app is served over https.
  useSecureCookies: env.APP_URL.startsWith("https:"),
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 60 * 60 * 24 * 7 },
  // A wrong password is an expected outcome, not a server error worth a stack trace.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  pages: { signIn: "/login" },
  // More providers (GitHub, GitLab, Gitee) slot in here; their ids live on the user row.
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        // Only the two fields: Auth.js adds its own (callbackUrl, csrfToken…) to what the form sent.
        const parsed = ZSignIn.safeParse({ email: raw.email, password: raw.password });
        if (!parsed.success) throw new InvalidLogin();
        const meta = requestMetaOf(request.headers, env.TRUST_PROXY);
        const result = await verifyCredentials(parsed.data.email, parsed.data.password, meta);
        if (result.status === "locked") throw new LockedLogin();
        if (result.status !== "ok") throw new InvalidLogin();
        return result.user;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
