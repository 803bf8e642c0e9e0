-- Facilities by township: the region rule (api/layers/store.ts inRegion) reads a facility by its
-- township first; without this index every county's map scanned the national layer.
CREATE INDEX "facilities_township_idx" ON "facilities" USING btree ("township_code" text_pattern_ops);