import "server-only";
import { type Inngest, InngestCommHandler, type InngestFunction } from "inngest";

/** A call of the app's functions from the executor: what would be the HTTP request to `serve()`. */
export type CommRequest = { method: "POST" | "PUT"; url: URL; body?: unknown };
/** The SDK's answer: what would be the HTTP response (header names as the SDK wrote them). */
export type CommResponse = { status: number; headers: Record<string, string>; body: string };
export type CommHandler = (req: CommRequest) => Promise<CommResponse>;

/**
 * The app's functions served in-process through the SDK's own `InngestCommHandler` (the class every
 * framework adapter is built on), for the executor to call directly: the request is an object and
 * the answer stays one, with no `Request`/`Response` and body streams in between.
 *
 * Requests are not signed: this handler is no route, only the executor in this process holds it.
 * The `/api/inngest` route keeps its own `serve()` handler, which in embedded mode takes only
 * calls signed with the local key (nobody outside has it), and is what external mode uses.
 */
export function inProcessHandler(client: Inngest.Any, functions: InngestFunction.Any[]): CommHandler {
  const comm = new InngestCommHandler({
    frameworkName: "opsdesk-embedded",
    client,
    functions,
    skipSignatureValidation: true,
    handler: (req: CommRequest) => ({
      body: () => req.body ?? "",
      headers: () => null,
      method: () => req.method,
      url: () => req.url,
      transformResponse: (res: CommResponse): CommResponse => res,
    }),
  });
  return comm.createHandler();
}

/** A response header, whatever case the SDK wrote its name in. */
export function header(res: CommResponse, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(res.headers)) if (key.toLowerCase() === wanted) return value;
  return null;
}
