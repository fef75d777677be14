//! Spec rendering (being written).
