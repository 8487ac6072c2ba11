-- The output of job runs: row-level security holds the table owner too.
ALTER TABLE "job_run_output" FORCE ROW LEVEL SECURITY;
