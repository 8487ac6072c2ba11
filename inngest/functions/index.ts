import "server-only";
import type { InngestFunction } from "inngest";
import { awaitApprovalLevel } from "./approvals/await-approval-level";
import { emailGateApproverFn } from "./flows/email-gate-approver";
import { runFlowFn } from "./flows/run-flow";
import { runJobFn } from "./jobs/run-job";
import { scheduleTick } from "./jobs/schedule-tick";
import { deliverNotificationFn } from "./notifications/deliver";
import { notifyFanOut } from "./notifications/fan-out";
import { executeOrder } from "./work-orders/execute-order";
import { reconcileExecutionsFn } from "./work-orders/reconcile-executions";

/**
 * Every function the app serves (app/api/inngest/route.ts) and the embedded executor runs.
 * One function per file under inngest/functions/<feature>/<name>.ts; add each here.
 */
export const functions: InngestFunction.Any[] = [
  executeOrder,
  reconcileExecutionsFn,
  awaitApprovalLevel,
  notifyFanOut,
  deliverNotificationFn,
  scheduleTick,
  runJobFn,
  runFlowFn,
  emailGateApproverFn,
];
