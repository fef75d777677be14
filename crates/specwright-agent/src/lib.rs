//! specwright-agent
