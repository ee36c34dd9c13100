"""From files to indexed documents: decode bytes, tell story from boilerplate and read the page's
metadata, chunk with exact offsets, keep the original in the archive, and write the index."""
