-- Copies get an etag made of a per-operation prefix and the source id, which needs more than 16 characters.
ALTER TABLE node MODIFY content_etag VARCHAR(40) NULL;
