-- stg.complete_trip: what a month's load pays for, measured (980,124 curated trips, psql \copy, 2 cores):
--   primary key only 7.8 s; + pickup/pu/do indexes 13.3 s; + vendor/source indexes 14.4 s;
--   + the two foreign keys to dim.zone 34.9 s.
-- The foreign keys cost 60% of the load: a row trigger and a FOR KEY SHARE lock on the zone row per
-- reference, twice per trip. Zone integrity is kept where it is cheap: curation rejects zone ids outside
-- the lookup (rule zone_invalid), and every writer of this table checks a chunk's zones against dim.zone in
-- one set-based query inside its transaction and refuses the chunk, naming the ids, if any is missing
-- (load-trips: TripCopyWriter; the streaming writer does the same).
-- vendor_id (3 values) and source (2 values) are too unselective for a B-tree to be chosen for any query.
ALTER TABLE stg.complete_trip DROP CONSTRAINT IF EXISTS complete_trip_pu_zone_id_fkey;
ALTER TABLE stg.complete_trip DROP CONSTRAINT IF EXISTS complete_trip_do_zone_id_fkey;
DROP INDEX IF EXISTS stg.idx_complete_trip_vendor;
DROP INDEX IF EXISTS stg.idx_complete_trip_source;
