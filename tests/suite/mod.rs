mod kill_loop;
mod offline_interview;
mod openai_cli;
mod quality;
mod real_model;
mod repl;
mod sessions;
mod trust;
