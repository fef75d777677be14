mod lint;
mod lint_project;
mod render;
