// SPDX-License-Identifier: GPL-2.0-only
//
// The plugin ABI of reader/include/ringcheck/reader.h (version 2), the
// parts the Rust adapters use, declared by hand: the layouts must stay
// those of the C header (#[repr(C)], same field order and types).

#![allow(dead_code)]

use std::os::raw::{c_int, c_longlong, c_uint, c_ulong, c_void};

pub const ABI_VERSION: c_uint = 2;

pub const CAP_FORWARD: c_uint = 1 << 0;
pub const CAP_OVERWRITE: c_uint = 1 << 1;
pub const CAP_PUSH: c_uint = 1 << 2;
pub const CAP_RELEASE_RECORD: c_uint = 1 << 3;
pub const CAP_RELEASE_CYCLE: c_uint = 1 << 4;
pub const CAP_PART_PAGE: c_uint = 1 << 5;
pub const CAP_RING_IN_USE: c_uint = 1 << 6;
pub const CAP_HOST_PAGE_SIZE_ONLY: c_uint = 1 << 7;
pub const CAP_RAW_SAMPLES_ONLY: c_uint = 1 << 8;

#[repr(C)]
pub struct PerfEventHeader {
    pub type_: u32,
    pub misc: u16,
    pub size: u16,
}

#[repr(C)]
pub struct Ring {
    pub base: *mut c_void,
    pub page_size: c_ulong,
    pub data_size: c_ulong,
    pub overwrite: c_int,
}

#[repr(C)]
pub struct FdRing {
    pub fd: c_int,
    pub page_size: c_ulong,
    pub data_size: c_ulong,
    pub backward: c_int,
}

pub type SinkFn = extern "C" fn(*mut c_void, *const c_void, c_ulong) -> c_int;
pub type RecordFn = extern "C" fn(*mut c_void, *const PerfEventHeader, c_longlong) -> c_int;

#[repr(C)]
pub struct ReaderOps {
    pub abi_version: c_uint,
    pub name: *const u8,
    pub open: Option<extern "C" fn(*const Ring) -> *mut c_void>,
    pub close: Option<extern "C" fn(*mut c_void)>,
    pub read_init: Option<extern "C" fn(*mut c_void) -> c_int>,
    pub read_event: Option<extern "C" fn(*mut c_void) -> *const PerfEventHeader>,
    pub consume: Option<extern "C" fn(*mut c_void)>,
    pub read_done: Option<extern "C" fn(*mut c_void)>,
    pub push: Option<extern "C" fn(*mut c_void, *mut c_void, SinkFn) -> c_int>,
    pub caps: c_uint,
    pub min_data_size: c_ulong,
    pub open_fd: Option<extern "C" fn(*const FdRing) -> *mut c_void>,
    pub drain: Option<extern "C" fn(*mut c_void, *mut c_void, RecordFn) -> c_int>,
}

// The ops are a static the suite only reads.
unsafe impl Sync for ReaderOps {}
