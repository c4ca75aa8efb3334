/**
 * Linux native asynchronous I/O (io_setup(2), io_submit(2), io_getevents(2), io_cancel(2),
 * io_destroy(2)): completion contexts ({@link dev.javix.kernel.aio.AioContext}), requests in
 * flight ({@link dev.javix.kernel.aio.AioRequest}) and the per-kernel table of contexts
 * ({@link dev.javix.kernel.aio.AioTable}). The system call layer ({@code syscall.AioCalls})
 * only decodes arguments.
 *
 * <p>How a request runs. A request on a regular file (or block device) is performed at once,
 * inside io_submit, by pread/pwrite through the file — what Linux does for buffered I/O, so
 * the completion is in the ring when io_submit returns. A request on a stream (pipe, FIFO,
 * socket, terminal, character device) is attempted at once too when the file's
 * {@code pollMask()} says it can proceed; otherwise the request registers itself as a
 * non-task waiter on the file's {@code waitQueue()} (design decision 3) and returns: no
 * virtual CPU waits for it. The wake-up (which may come with the file's lock held, from any
 * thread) only hands the request to the table's worker, a host thread that never runs guest
 * code, which attempts the transfer again; a stream read completes with what one read
 * returns, a stream write only when everything is written (as a blocking write(2)).
 * Unlike Linux, which performs a pipe or socket request synchronously in io_submit (blocking
 * the caller), javix completes it asynchronously; a request still waiting can be cancelled
 * by io_cancel (EINPROGRESS; its event carries -ECANCELED). IOCB_CMD_POLL waits the same
 * way and completes with the ready events (asynchronous in Linux too).
 *
 * <p>Lock order (outermost first): {@code AioRequest} → {@code AioContext} → file locks →
 * {@code WaitQueue}. A request's lock is held while it moves data and posts its completion;
 * the context's lock only around its ring, slots and waiting list, and the eventfd and the
 * context's wait queue are woken after it is released. {@code AioTable}'s lock is taken with
 * no other aio lock held (it may take a {@code Process} lock inside, to see whether an owner
 * is gone); destroying a context cancels its requests with no lock held.
 */
package dev.javix.kernel.aio;
