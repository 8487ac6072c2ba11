export * from "./audit";
export * from "./inngest";
export * from "./tenancy";
