//! Shared test harness: the AWS emulator (moto with the project's
//! extension, see tests/emulator/) and a tmux driver for end-to-end tests.
#![allow(dead_code)] // each test binary uses a different part of it

pub mod console;
pub mod emulator;
pub mod loopback;
pub mod profiles;
pub mod tmux;
