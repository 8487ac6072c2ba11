-- The approval engine decides on a subject (a type and an id), no longer on a work order only.
-- Every existing task and timeline record is a work order's: subject = ('work_order', order_id).
-- order_id stays, derived from the subject (generated, never written), for readers asking by order.
-- RLS (enabled, forced, tenant policy) is untouched: the tables are altered, not recreated.
ALTER TABLE "approval_tasks" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "approval_tasks" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
UPDATE "approval_tasks" SET "subject_type" = 'work_order', "subject_id" = "order_id";--> statement-breakpoint
ALTER TABLE "approval_tasks" ALTER COLUMN "subject_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_tasks" ALTER COLUMN "subject_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_records" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "approval_records" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
UPDATE "approval_records" SET "subject_type" = 'work_order', "subject_id" = "order_id";--> statement-breakpoint
ALTER TABLE "approval_records" ALTER COLUMN "subject_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_records" ALTER COLUMN "subject_id" SET NOT NULL;--> statement-breakpoint
DROP INDEX "approval_records_order_idx";--> statement-breakpoint
DROP INDEX "approval_tasks_order_idx";--> statement-breakpoint
DROP INDEX "approval_tasks_one_pending";--> statement-breakpoint
ALTER TABLE "approval_records" DROP COLUMN "order_id";--> statement-breakpoint
ALTER TABLE "approval_records" ADD COLUMN "order_id" uuid GENERATED ALWAYS AS (case when subject_type = 'work_order' then subject_id end) STORED;--> statement-breakpoint
ALTER TABLE "approval_tasks" DROP COLUMN "order_id";--> statement-breakpoint
ALTER TABLE "approval_tasks" ADD COLUMN "order_id" uuid GENERATED ALWAYS AS (case when subject_type = 'work_order' then subject_id end) STORED;--> statement-breakpoint
CREATE INDEX "approval_records_subject_idx" ON "approval_records" USING btree ("subject_type","subject_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_tasks_subject_idx" ON "approval_tasks" USING btree ("subject_type","subject_id","level");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_tasks_one_pending" ON "approval_tasks" USING btree ("subject_type","subject_id","level","approver_id") WHERE status = 'pending';
