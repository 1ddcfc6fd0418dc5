//! The memory of one test run: the allocator its QuickJS runtime uses, which keeps the
//! memory limit itself and remembers when it refused memory.
//!
//! Why not QuickJS's own limit (`JS_SetMemoryLimit`): when it refuses memory, the runner
//! only learns what QuickJS threw, and at the limit QuickJS may have no room left to make its
//! "out of memory" error; it then throws `null` (QuickJS-ng's `JS_ThrowError2`: "out of
//! memory: throw JS_NULL to avoid recursing"), and the run would end as "Uncaught: null".
//! Which allocation meets the limit depends on the sizes of the blocks, so that happens for
//! some allocation patterns and not for others. With the limit kept here, the runner knows
//! that the runtime ran out of memory whatever was thrown ([`MemoryBudget::refused`]).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use rquickjs::allocator::{Allocator, RustAllocator};

/// How much memory a runtime holds, the most it may hold, and whether it was ever refused
/// some. Shared by the runtime's allocator and the runner, which reads [`Self::refused`] and
/// raises the limit to write the result down after the run.
#[derive(Debug)]
pub struct MemoryBudget {
    limit: AtomicUsize,
    used: AtomicUsize,
    refused: AtomicBool,
}

impl MemoryBudget {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(Self {
            limit: AtomicUsize::new(limit),
            used: AtomicUsize::new(0),
            refused: AtomicBool::new(false),
        })
    }

    /// The allocator to give the runtime (`Runtime::new_with_alloc`).
    pub fn allocator(self: &Arc<Self>) -> BudgetAllocator {
        BudgetAllocator(self.clone())
    }

    /// Changes the limit; what is already held stays (a lower limit only refuses what comes).
    pub fn set_limit(&self, limit: usize) {
        self.limit.store(limit, Ordering::Relaxed);
    }

    /// The bytes the runtime holds now.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Whether an allocation was ever refused for going over the limit.
    pub fn refused(&self) -> bool {
        self.refused.load(Ordering::Relaxed)
    }

    /// Whether `more` bytes fit with `freed` bytes given back; remembers a refusal.
    fn fits(&self, more: usize, freed: usize) -> bool {
        let after = self.used().saturating_sub(freed).saturating_add(more);
        if after > self.limit.load(Ordering::Relaxed) {
            self.refused.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }

    fn add(&self, bytes: usize) {
        self.used.fetch_add(bytes, Ordering::Relaxed);
    }

    fn sub(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
    }
}

/// Rust's global allocator (rquickjs's [`RustAllocator`]) within a [`MemoryBudget`]: a block
/// counts for its usable size, and a request that would take the budget over its limit gets
/// a null pointer, which QuickJS reports as running out of memory.
pub struct BudgetAllocator(Arc<MemoryBudget>);

// SAFETY: every block comes from `RustAllocator` and goes back to it unchanged; this only
// refuses some requests (a null pointer, which the trait allows) and counts the blocks.
unsafe impl Allocator for BudgetAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.0.fits(size, 0) {
            return std::ptr::null_mut();
        }
        let ptr = RustAllocator.alloc(size);
        if !ptr.is_null() {
            // SAFETY: `ptr` was just allocated by `RustAllocator`.
            self.0.add(unsafe { RustAllocator::usable_size(ptr) });
        }
        ptr
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else {
            return std::ptr::null_mut();
        };
        if !self.0.fits(total, 0) {
            return std::ptr::null_mut();
        }
        let ptr = RustAllocator.calloc(count, size);
        if !ptr.is_null() {
            // SAFETY: `ptr` was just allocated by `RustAllocator`.
            self.0.add(unsafe { RustAllocator::usable_size(ptr) });
        }
        ptr
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: the caller gives a block of this allocator, so of `RustAllocator`.
        unsafe {
            self.0.sub(RustAllocator::usable_size(ptr));
            RustAllocator.dealloc(ptr);
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        // SAFETY: the caller gives a block of this allocator, so of `RustAllocator`; when
        // the new one is refused (null), the old block stays as it was, as realloc requires.
        unsafe {
            let old = RustAllocator::usable_size(ptr);
            if !self.0.fits(new_size, old) {
                return std::ptr::null_mut();
            }
            let new = RustAllocator.realloc(ptr, new_size);
            if !new.is_null() {
                self.0.sub(old);
                self.0.add(RustAllocator::usable_size(new));
            }
            new
        }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: the caller gives a block of this allocator, so of `RustAllocator`.
        unsafe { RustAllocator::usable_size(ptr) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_goes_over_the_limit_and_remembers_it() {
        let budget = MemoryBudget::new(1000);
        let mut allocator = budget.allocator();
        let a = allocator.alloc(600);
        assert!(!a.is_null());
        assert_eq!(budget.used(), 600);
        assert!(!budget.refused());

        assert!(allocator.alloc(600).is_null(), "600 more do not fit");
        assert!(allocator.calloc(100, 6).is_null());
        assert!(budget.refused());
        assert_eq!(budget.used(), 600);

        // SAFETY: `a` comes from this allocator.
        let a = unsafe { allocator.realloc(a, 900) };
        assert!(
            !a.is_null(),
            "growing counts what the block had: 900 - 600 fits"
        );
        assert_eq!(budget.used(), 904, "usable sizes are rounded up to 8 bytes");
        // SAFETY: as above.
        assert!(unsafe { allocator.realloc(a, 2000) }.is_null());
        assert_eq!(budget.used(), 904, "a refused realloc keeps the old block");

        budget.set_limit(3000);
        // SAFETY: as above.
        let a = unsafe { allocator.realloc(a, 2000) };
        assert!(!a.is_null(), "a raised limit lets it grow");
        // SAFETY: as above.
        unsafe { allocator.dealloc(a) };
        assert_eq!(budget.used(), 0);
        assert!(budget.refused(), "a refusal is remembered");
    }

    #[test]
    fn a_runtime_on_it_is_refused_memory_at_the_limit() {
        let budget = MemoryBudget::new(4 * 1024 * 1024);
        let runtime = rquickjs::Runtime::new_with_alloc(budget.allocator()).unwrap();
        let context = rquickjs::Context::full(&runtime).unwrap();
        assert!(budget.used() > 0, "the runtime itself is counted");
        context.with(|ctx| {
            let ran = ctx.eval::<(), _>("const a = []; while (true) { a.push([a.length]); }");
            assert!(matches!(ran, Err(rquickjs::Error::Exception)), "{ran:?}");
        });
        assert!(budget.refused());
        assert!(budget.used() <= 4 * 1024 * 1024);
        drop(context);
        drop(runtime);
        assert_eq!(budget.used(), 0, "everything is given back");
    }
}
