mod fixtures;
mod review;
