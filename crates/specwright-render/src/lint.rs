//! Spec lint (being written).
