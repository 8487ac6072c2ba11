export * from "./audit";
export * from "./tenancy";
