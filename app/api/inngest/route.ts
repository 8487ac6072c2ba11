import { inngestHandler } from "@/inngest/handler";

export const dynamic = "force-dynamic";

export const { GET, PUT } = inngestHandler;

/** A call whose body is not JSON is no Inngest call: 400, before the SDK fails on it with a 500. */
export async function POST(...args: Parameters<typeof inngestHandler.POST>) {
  const [request] = args;
  try {
    JSON.parse(await request.clone().text());
  } catch {
    return Response.json({ error: "The body is not JSON." }, { status: 400 });
  }
  return inngestHandler.POST(...args);
}
