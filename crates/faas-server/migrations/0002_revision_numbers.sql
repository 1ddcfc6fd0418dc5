-- The next `v<n>` revision name of a package without reading all its revision names: the
-- names that may be `v<number>`, by package and number (see store::revisions::next_name).
CREATE INDEX package_revisions_package_number
    ON package_revisions(package_id, CAST(substr(name, 2) AS INTEGER))
    WHERE name GLOB 'v[0-9+]*';
