CREATE TABLE "village_facts" (
	"village_code" text PRIMARY KEY NOT NULL,
	"county" text NOT NULL,
	"road_code" text,
	"road_m" double precision,
	"water_code" text,
	"water_m" double precision,
	"water_radius_m" double precision,
	"water_covers" boolean NOT NULL,
	"clinic_code" text,
	"clinic_m" double precision,
	"school_code" text,
	"school_m" double precision,
	"township_seat_code" text,
	"township_seat_m" double precision,
	"site_code" text,
	"site_m" double precision,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "village_facts" ADD CONSTRAINT "village_facts_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "village_facts_county_idx" ON "village_facts" USING btree ("county");--> statement-breakpoint
CREATE INDEX "village_facts_road_idx" ON "village_facts" USING btree ("road_code");--> statement-breakpoint
CREATE INDEX "village_facts_water_idx" ON "village_facts" USING btree ("water_code");--> statement-breakpoint
CREATE INDEX "village_facts_clinic_idx" ON "village_facts" USING btree ("clinic_code");--> statement-breakpoint
CREATE INDEX "village_facts_school_idx" ON "village_facts" USING btree ("school_code");--> statement-breakpoint
CREATE INDEX "village_facts_seat_idx" ON "village_facts" USING btree ("township_seat_code");--> statement-breakpoint
CREATE INDEX "village_facts_site_idx" ON "village_facts" USING btree ("site_code");--> statement-breakpoint
CREATE INDEX "roads_actual_end_idx" ON "roads" USING btree ("actual_end");--> statement-breakpoint
CREATE INDEX "water_actual_end_idx" ON "water" USING btree ("actual_end");--> statement-breakpoint
CREATE INDEX "water_service_radius_idx" ON "water" USING btree ("service_radius_m");