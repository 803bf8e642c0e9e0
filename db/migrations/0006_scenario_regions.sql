ALTER TABLE "scenarios" ADD COLUMN "region_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Scenarios made before regions were recorded belong to their county.
UPDATE "scenarios" SET "region_code" = "county_code" WHERE "region_code" = '';
