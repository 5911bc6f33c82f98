-- Extensions later migrations rely on; both are trusted, so the database owner may create them.
-- btree_gist: exclusion constraints that mix equality (provider) with range overlap (time).
-- citext: case-insensitive e-mail addresses.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS citext;
