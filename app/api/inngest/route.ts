import { inngestHandler } from "@/inngest/handler";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = inngestHandler;
