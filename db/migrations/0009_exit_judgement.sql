ALTER TABLE "village_facts" ADD COLUMN "exit_meets" boolean;--> statement-breakpoint
ALTER TABLE "village_facts" ADD COLUMN "exit_failing" text[];--> statement-breakpoint
ALTER TABLE "village_facts" ADD COLUMN "exit_problems" text[];--> statement-breakpoint
CREATE INDEX "village_facts_unjudged_idx" ON "village_facts" USING btree ("village_code") WHERE exit_meets IS NULL;