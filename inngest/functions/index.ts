import type { InngestFunction } from "inngest";
import { awaitApprovalLevel } from "./approvals/await-approval-level";
import { emailApprover } from "./approvals/email-approver";
import { executeOrder } from "./work-orders/execute-order";

/**
 * Every function the app serves (app/api/inngest/route.ts) and the embedded executor runs.
 * One function per file under inngest/functions/<feature>/<name>.ts; add each here.
 */
export const functions: InngestFunction.Any[] = [executeOrder, awaitApprovalLevel, emailApprover];
