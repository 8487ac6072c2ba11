-- A template can be stored per IM kind too: its own text overrides the shared "im" one for that kind.
-- Existing rows (email, im, in_app) all satisfy the wider check; the primary key is unchanged.
ALTER TABLE "notification_templates" DROP CONSTRAINT "notification_templates_format";--> statement-breakpoint
ALTER TABLE "notification_templates" ADD CONSTRAINT "notification_templates_format" CHECK ("notification_templates"."format" in ('email','im','in_app','webhook','slack','dingtalk','feishu','wecom'));
