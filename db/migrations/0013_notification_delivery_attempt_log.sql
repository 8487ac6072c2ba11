-- Every attempt of a delivery, in order (the log showed only the last error).
ALTER TABLE "notification_deliveries" ADD COLUMN "attempt_log" jsonb DEFAULT '[]'::jsonb NOT NULL;
