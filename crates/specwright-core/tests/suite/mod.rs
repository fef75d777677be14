mod published_schema;
mod session;
