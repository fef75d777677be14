mod faithful;
mod published_schema;
mod session;
