// SPDX-License-Identifier: GPL-2.0-only
//
// ringcheck's adapter for aya 0.13.1's PerfEventArrayBuffer, the crate
// unmodified. A user of aya reads a BPF-output ring as
//
//	let n = buf.read_events(&mut out_bufs)?;	// after a wake-up
//	for b in &out_bufs[..n.read] { ... }	// n.lost: samples lost
//
// read_events() (PerfBuffer::read_events, private to the crate) loads
// data_head once, walks the records from data_tail, copies each
// PERF_RECORD_SAMPLE's raw data (the u32 size after the header, then that
// many bytes) into the next buffer, adds each PERF_RECORD_LOST's count to
// n.lost, skips any other type, and stores data_tail once at the end. One
// drain of this adapter is one such call, with a buffer for every record
// the ring could hold (data_size / 16: a raw sample is 16 bytes or more),
// so the crate never stops a cycle early for want of buffers.
//
// What reaches the suite is what the user is given: each sample's data,
// handed on as the raw sample the ring held (header PERF_RECORD_SAMPLE,
// misc 0, size 12 + len, the u32 len, the data; misc and the header are
// not visible to aya's user). LOST records are not handed on: aya gives
// only the sum of their counts for the whole call, with no place among
// the samples (findings/83).
//
// The ring: PerfBuffer::open is private to the crate and opens a
// BPF-output event of its own (perf_event_open_bpf) on a CPU, maps it with
// the machine's page size and enables it; it is reached through the public
// PerfEventArray::open over a PERF_EVENT_ARRAY map this adapter creates
// (bpf(BPF_MAP_CREATE), MapData::from_fd: root or CAP_BPF and
// CAP_PERFMON). No BPF program writes to that event; the suite's fd is
// then mapped over the crate's mapping (../swap.rs). aya sizes the ring
// with page_size() * page_count (a power of two) and never reads the
// control page's data_offset or data_size: whole pages of the machine's
// page size only. It maps read-write and reads forward only.

#[path = "../../abi.rs"]
mod abi;
#[path = "../../panics.rs"]
mod panics;
#[path = "../../swap.rs"]
mod swap;

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::raw::{c_int, c_void};
use std::ptr;

use aya::maps::perf::PerfEventArrayBuffer;
use aya::maps::{Map, MapData, PerfEventArray};
use bytes::BytesMut;

struct Adapter {
    buf: PerfEventArrayBuffer<MapData>,
    out: Vec<BytesMut>,
    copy: Vec<u64>,
}

// bpf(BPF_MAP_CREATE) of a one-entry PERF_EVENT_ARRAY, as a loader would
// create the map a BPF program outputs to
fn perf_event_array_map() -> Option<OwnedFd> {
    #[repr(C)]
    struct MapCreate {
        map_type: u32,
        key_size: u32,
        value_size: u32,
        max_entries: u32,
        rest: [u32; 28],
    }
    let attr = MapCreate {
        map_type: 4, // BPF_MAP_TYPE_PERF_EVENT_ARRAY
        key_size: 4,
        value_size: 4,
        max_entries: 1,
        rest: [0; 28],
    };
    let fd = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            0, // BPF_MAP_CREATE
            &attr as *const MapCreate,
            std::mem::size_of::<MapCreate>(),
        )
    };
    if fd < 0 {
        return None;
    }
    Some(unsafe { OwnedFd::from_raw_fd(fd as c_int) })
}

extern "C" fn open_fd(ring: *const abi::FdRing) -> *mut c_void {
    let ring = unsafe { &*ring };
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
    let (ps, ds) = (ring.page_size as usize, ring.data_size as usize);
    if ring.backward != 0 || ps != page || ds % page != 0 || !(ds / page).is_power_of_two() {
        return ptr::null_mut();
    }
    let Some(fd) = perf_event_array_map() else {
        return ptr::null_mut();
    };
    let Ok(map) = MapData::from_fd(fd) else {
        return ptr::null_mut();
    };
    let Ok(mut array) = PerfEventArray::try_from(Map::PerfEventArray(map)) else {
        return ptr::null_mut();
    };
    let before = swap::perf_mappings();
    let Ok(buf) = array.open(0, Some(ds / page)) else {
        return ptr::null_mut();
    };
    let Some((start, end)) = swap::new_mapping(&before, &swap::perf_mappings()) else {
        return ptr::null_mut();
    };
    // PerfBuffer::open maps PROT_READ | PROT_WRITE
    if !swap::map_over(start, end, ring.fd, ps + ds, libc::PROT_READ | libc::PROT_WRITE) {
        return ptr::null_mut();
    }
    let out = (0..ds / 16 + 1).map(|_| BytesMut::new()).collect();
    let a = Box::new(Adapter {
        buf,
        out,
        copy: Vec::new(),
    });
    Box::into_raw(a) as *mut c_void
}

extern "C" fn close(a: *mut c_void) {
    drop(unsafe { Box::from_raw(a as *mut Adapter) });
}

extern "C" fn drain(a: *mut c_void, ctx: *mut c_void, f: abi::RecordFn) -> c_int {
    let a = unsafe { &mut *(a as *mut Adapter) };
    let Ok(events) = a.buf.read_events(&mut a.out) else {
        return -1;
    };
    for data in &a.out[..events.read] {
        let size = 12 + data.len();
        if size > u16::MAX as usize {
            return -1;
        }
        // grown when a record needs it, never cleared: every byte handed on
        // is written below (a memset a record would be the adapter's cost)
        if a.copy.len() < size.div_ceil(8) {
            a.copy.resize(size.div_ceil(8), 0);
        }
        let bytes = unsafe { std::slice::from_raw_parts_mut(a.copy.as_mut_ptr() as *mut u8, size) };
        bytes[0..4].copy_from_slice(&9u32.to_ne_bytes()); // PERF_RECORD_SAMPLE
        bytes[4..6].copy_from_slice(&0u16.to_ne_bytes()); // misc
        bytes[6..8].copy_from_slice(&(size as u16).to_ne_bytes());
        bytes[8..12].copy_from_slice(&(data.len() as u32).to_ne_bytes());
        bytes[12..].copy_from_slice(data);
        if f(ctx, a.copy.as_ptr() as *const abi::PerfEventHeader, -1) != 0 {
            break;
        }
    }
    0
}

static OPS: abi::ReaderOps = abi::ReaderOps {
    abi_version: abi::ABI_VERSION,
    name: b"aya-0.13.1\0".as_ptr(),
    open: None,
    close: Some(close),
    read_init: None,
    read_event: None,
    consume: None,
    read_done: None,
    push: None,
    caps: abi::CAP_FORWARD
        | abi::CAP_RELEASE_CYCLE
        | abi::CAP_RING_IN_USE
        | abi::CAP_HOST_PAGE_SIZE_ONLY
        | abi::CAP_RAW_SAMPLES_ONLY,
    min_data_size: 4096,
    open_fd: Some(open_fd),
    drain: Some(drain),
};

#[no_mangle]
pub extern "C" fn ringcheck_reader() -> *const abi::ReaderOps {
    panics::one_line();
    &OPS
}
