//! Whole-model tests: Badung cross-checks against composting.md §8, conservation and
//! linearity.
