mod openai_faults;
mod openai_formats;
mod openai_limits;
mod openai_secrets;
mod openai_stream;
