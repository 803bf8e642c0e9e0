CREATE TABLE "funding_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"code" text NOT NULL,
	"source" text NOT NULL,
	"amount_cny" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_log" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "project_log" ADD COLUMN "corrects" integer;--> statement-breakpoint
ALTER TABLE "project_log" ADD COLUMN "reason" text;--> statement-breakpoint
CREATE INDEX "funding_lines_feature_idx" ON "funding_lines" USING btree ("layer","code");