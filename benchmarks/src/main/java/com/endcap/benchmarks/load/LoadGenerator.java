package com.endcap.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 load generator over Netty (epoll where it loads): keep-alive connections to one
 * server, requests taken in turn from a fixed rotation of pre-encoded bytes, responses parsed only
 * as far as status and length.
 * <p>
 * <b>Open loop</b> ({@link #openLoop}): intended send times come from a {@link SendSchedule} at a
 * fixed rate, whatever the server does. A request whose time has come goes out on a connection
 * with a free slot (at most {@code depth} in flight on each; depth 1 is plain keep-alive) or waits
 * in an unbounded queue for one. Its latency runs from the <i>intended</i> time to the end of its
 * response, so time spent queued behind a slow response is charged to the server (coordinated
 * omission corrected by construction). Send lag (actual minus intended send) is recorded too: it
 * shows the generator's own timer slack next to the server's latency.
 * <p>
 * <b>Closed loop</b> ({@link #closedLoop}): each connection keeps {@code depth} requests in flight
 * and sends the next as soon as one is answered; the number is throughput, latency runs from send.
 * <p>
 * Both record only inside a measurement window after a warmup; after the window, outstanding
 * requests get a bounded drain time, and any still unanswered are recorded at the drain deadline.
 * <p>
 * Threads: one Netty event loop sends, receives, times and records every request of a run (no
 * locks, no hand-offs); the thread calling a run method only connects, starts it and waits for its
 * result. Runs are sequential; each opens fresh connections and closes them after.
 */
final class LoadGenerator implements AutoCloseable
{
    /** Largest latency recorded exactly; longer ones are recorded as this. */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(120);

    /**
     * Settings of one run.
     *
     * @param name        the run's name.
     * @param connections keep-alive connections.
     * @param depth       requests in flight per connection at most.
     * @param warmup      sending before the measurement window, not recorded.
     * @param duration    the measurement window.
     * @param drain       how long outstanding requests may take after the window.
     */
    record Spec(String name, int connections, int depth, Duration warmup, Duration duration, Duration drain)
    {
        /**
         * Validates.
         */
        Spec
        {
            if (connections < 1 || depth < 1)
            {
                throw new IllegalArgumentException("connections and depth must be at least 1");
            }
        }
    }

    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;

    /**
     * Starts the generator's one event loop thread.
     */
    LoadGenerator()
    {
        final boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * @param requests complete HTTP requests.
     * @return them in direct buffers that writes never release, for any number of runs.
     */
    static ByteBuf[] encode(final List<byte[]> requests)
    {
        final ByteBuf[] encoded = new ByteBuf[requests.size()];
        for (int i = 0; i < encoded.length; i++)
        {
            final byte[] bytes = requests.get(i);
            encoded[i] = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
        }
        return encoded;
    }

    /**
     * A fixed-rate run.
     *
     * @param address       the server.
     * @param spec          connections, depth, warmup, window, drain.
     * @param requests      rotation of encoded requests (see {@link #encode}).
     * @param arrivals      spacing of intended send times.
     * @param ratePerSecond requests per second.
     * @param seed          seed of Poisson gaps.
     * @return what was measured.
     * @throws InterruptedException when interrupted while waiting.
     */
    RunResult openLoop(
        final InetSocketAddress address, final Spec spec, final ByteBuf[] requests, final SendSchedule.Arrivals arrivals,
        final double ratePerSecond, final long seed) throws InterruptedException
    {
        return run(address, new OpenLoopRun(spec, requests, arrivals, ratePerSecond, seed));
    }

    /**
     * A maximum-throughput run.
     *
     * @param address  the server.
     * @param spec     connections, depth, warmup, window, drain.
     * @param requests rotation of encoded requests.
     * @return what was measured.
     * @throws InterruptedException when interrupted while waiting.
     */
    RunResult closedLoop(final InetSocketAddress address, final Spec spec, final ByteBuf[] requests) throws InterruptedException
    {
        return run(address, new ClosedLoopRun(spec, requests));
    }

    private RunResult run(final InetSocketAddress address, final Run run) throws InterruptedException
    {
        final EventLoop loop = group.next();
        run.loop = loop;
        final Bootstrap bootstrap = new Bootstrap().group(loop).channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
            .handler(new ChannelInitializer<Channel>()
            {
                protected void initChannel(final Channel ch)
                {
                    // The reader is added once the connection has its Conn.
                }
            });
        try
        {
            for (int i = 0; i < run.conns.length; i++)
            {
                final Channel channel = bootstrap.connect(address).sync().channel();
                final Conn conn = new Conn(i, channel, run.spec.depth(), run);
                run.conns[i] = conn;
                channel.pipeline().addLast("reader", new Reader(run, conn));
            }
            loop.execute(run::start);
            final Spec spec = run.spec;
            final long waitSeconds = spec.warmup().plus(spec.duration()).plus(spec.drain()).toSeconds() + 30;
            return run.result.get(waitSeconds, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("run " + run.spec.name() + " failed", ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("run " + run.spec.name() + " did not finish in time", ex);
        }
        finally
        {
            loop.execute(() -> run.finished = true);
            for (final Conn conn : run.conns)
            {
                if (null != conn)
                {
                    conn.channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    public void close()
    {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** One connection's requests in flight, oldest first (HTTP/1.1 answers in order). Event loop only. */
    static final class Conn
    {
        final int index;
        final Channel channel;
        final ResponseScanner scanner;
        private final long[] intended;
        private final long[] sentAt;
        private int head;
        private int size;
        boolean open = true;
        boolean dirty;

        Conn(final int index, final Channel channel, final int depth, final ResponseScanner.Listener listener)
        {
            this.index = index;
            this.channel = channel;
            this.intended = new long[depth];
            this.sentAt = new long[depth];
            this.scanner = new ResponseScanner(listener, this);
        }

        void push(final long intendedNanos, final long sentNanos)
        {
            final int i = (head + size) % intended.length;
            intended[i] = intendedNanos;
            sentAt[i] = sentNanos;
            size++;
        }

        long oldestIntended()
        {
            return intended[head];
        }

        long oldestSent()
        {
            return sentAt[head];
        }

        void pop()
        {
            head = (head + 1) % intended.length;
            size--;
        }

        int size()
        {
            return size;
        }
    }

    /** Requests of a run; event loop only after {@link #start}. */
    private abstract static class Run implements ResponseScanner.Listener
    {
        final Spec spec;
        final ByteBuf[] requests;
        final Conn[] conns;
        final CompletableFuture<RunResult> result = new CompletableFuture<>();
        final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        final Histogram serviceTime = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        final Histogram sendLag = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        EventLoop loop;
        volatile boolean finished;
        boolean sending = true;
        int nextRequest;
        int outstanding;
        long startNanos;
        long measureFromNanos;
        long sendUntilNanos;
        long drainUntilNanos;
        Instant startWall;
        long completed;
        long completedInWindow;
        long measured;
        long non2xx;
        long errors;
        long unfinished;
        long bodyBytes;

        Run(final Spec spec, final ByteBuf[] requests)
        {
            this.spec = spec;
            this.requests = requests;
            this.conns = new Conn[spec.connections()];
        }

        abstract void start();

        /** Sets the run's clock: warmup from now, then the window, then the drain. */
        void startClock()
        {
            startWall = Instant.now();
            startNanos = System.nanoTime();
            measureFromNanos = startNanos + spec.warmup().toNanos();
            sendUntilNanos = measureFromNanos + spec.duration().toNanos();
            drainUntilNanos = sendUntilNanos + spec.drain().toNanos();
        }

        final void write(final Conn conn, final long intendedNanos, final long nowNanos)
        {
            conn.push(intendedNanos, nowNanos);
            outstanding++;
            conn.channel.write(requests[nextRequest].duplicate(), conn.channel.voidPromise());
            if (++nextRequest == requests.length)
            {
                nextRequest = 0;
            }
            conn.dirty = true;
        }

        final void flushDirty()
        {
            for (final Conn conn : conns)
            {
                if (conn.dirty)
                {
                    conn.dirty = false;
                    conn.channel.flush();
                }
            }
        }

        final void record(final Histogram histogram, final long nanos)
        {
            histogram.recordValue(Math.min(Math.max(0, nanos), HIGHEST_TRACKABLE_NANOS));
        }

        public void onClosed(final Conn conn)
        {
            if (!conn.open || finished)
            {
                return;
            }
            conn.open = false;
            errors += conn.size();
            outstanding -= conn.size();
            while (conn.size() > 0)
            {
                conn.pop();
            }
            onConnectionLost();
        }

        abstract void onConnectionLost();

        final void finish(final long nowNanos, final long[] pending, final int pendingCount)
        {
            if (finished)
            {
                return;
            }
            for (final Conn conn : conns)
            {
                while (conn.size() > 0)
                {
                    recordUnfinished(conn.oldestIntended(), nowNanos);
                    conn.pop();
                }
            }
            for (int i = 0; i < pendingCount; i++)
            {
                recordUnfinished(pending[i], nowNanos);
            }
            finished = true;
            final long responses = Math.max(1, completed);
            result.complete(new RunResult(spec.name(), this instanceof OpenLoopRun, offeredRps(), spec.connections(),
                spec.depth(), startWall.plusNanos(measureFromNanos - startNanos), startWall.plusNanos(sendUntilNanos - startNanos),
                latency, serviceTime, sendLag, completedInWindow, measured, non2xx, errors, unfinished, bodyBytes / responses));
        }

        private void recordUnfinished(final long intendedNanos, final long nowNanos)
        {
            if (intendedNanos >= measureFromNanos && intendedNanos < sendUntilNanos)
            {
                record(latency, nowNanos - intendedNanos);
                unfinished++;
            }
        }

        abstract double offeredRps();

        final void countResponse(final int status, final long length, final long nowNanos)
        {
            completed++;
            bodyBytes += Math.max(0, length);
            if (status < 200 || status > 299)
            {
                non2xx++;
            }
            if (nowNanos >= measureFromNanos && nowNanos < sendUntilNanos)
            {
                completedInWindow++;
            }
        }
    }

    /** Fixed-rate sending; the run itself is the pacer task the event loop schedules. */
    private static final class OpenLoopRun extends Run implements Runnable
    {
        private final SendSchedule.Arrivals arrivals;
        private final double rate;
        private final long seed;
        private SendSchedule schedule;
        private long nextIntended;
        private final int[] free;
        private int freeHead;
        private int freeCount;
        private long[] backlog = new long[1024];
        private int backlogHead;
        private int backlogSize;
        private final Runnable drainDeadline = () -> finish(System.nanoTime(), drainBacklog(), backlogSize);

        OpenLoopRun(
            final Spec spec, final ByteBuf[] requests, final SendSchedule.Arrivals arrivals, final double rate, final long seed)
        {
            super(spec, requests);
            this.arrivals = arrivals;
            this.rate = rate;
            this.seed = seed;
            this.free = new int[spec.connections() * spec.depth()];
        }

        double offeredRps()
        {
            return rate;
        }

        void start()
        {
            startClock();
            schedule = new SendSchedule(arrivals, rate, startNanos, seed);
            nextIntended = schedule.next();
            for (final Conn conn : conns)
            {
                for (int d = 0; d < spec.depth(); d++)
                {
                    pushFree(conn.index);
                }
            }
            loop.schedule(drainDeadline, drainUntilNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            run();
        }

        /** The pacer: sends everything due, then sleeps until the next intended time. */
        public void run()
        {
            if (finished || !sending)
            {
                return;
            }
            final long now = System.nanoTime();
            while (nextIntended <= now && nextIntended < sendUntilNanos)
            {
                dispatch(nextIntended, now);
                nextIntended = schedule.next();
            }
            flushDirty();
            if (nextIntended >= sendUntilNanos)
            {
                sending = false;
                finishIfDone(now);
            }
            else
            {
                loop.schedule(this, Math.max(0, nextIntended - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }

        private void dispatch(final long intended, final long now)
        {
            while (freeCount > 0)
            {
                final Conn conn = conns[popFree()];
                if (conn.open)
                {
                    record(sendLag, now - intended);
                    write(conn, intended, now);
                    return;
                }
            }
            addBacklog(intended);
        }

        public void onResponse(final Conn conn, final int status, final long length, final long now)
        {
            if (finished)
            {
                return;
            }
            final long intended = conn.oldestIntended();
            final long sent = conn.oldestSent();
            conn.pop();
            outstanding--;
            countResponse(status, length, now);
            if (intended >= measureFromNanos && intended < sendUntilNanos)
            {
                record(latency, now - intended);
                record(serviceTime, now - sent);
                measured++;
            }
            if (backlogSize > 0 && conn.open)
            {
                final long next = pollBacklog();
                record(sendLag, now - next);
                write(conn, next, now);
            }
            else
            {
                pushFree(conn.index);
            }
            if (!sending)
            {
                finishIfDone(now);
            }
        }

        void onConnectionLost()
        {
            finishIfDone(System.nanoTime());
        }

        private void finishIfDone(final long now)
        {
            if (!sending && 0 == outstanding && 0 == backlogSize)
            {
                finish(now, backlog, 0);
            }
        }

        private void pushFree(final int conn)
        {
            free[(freeHead + freeCount) % free.length] = conn;
            freeCount++;
        }

        private int popFree()
        {
            final int conn = free[freeHead];
            freeHead = (freeHead + 1) % free.length;
            freeCount--;
            return conn;
        }

        private void addBacklog(final long intended)
        {
            if (backlogSize == backlog.length)
            {
                final long[] grown = new long[backlog.length * 2];
                for (int i = 0; i < backlogSize; i++)
                {
                    grown[i] = backlog[(backlogHead + i) % backlog.length];
                }
                backlog = grown;
                backlogHead = 0;
            }
            backlog[(backlogHead + backlogSize) % backlog.length] = intended;
            backlogSize++;
        }

        private long pollBacklog()
        {
            final long intended = backlog[backlogHead];
            backlogHead = (backlogHead + 1) % backlog.length;
            backlogSize--;
            return intended;
        }

        /** @return the queued intended times, oldest first, from index 0. */
        private long[] drainBacklog()
        {
            final long[] pending = new long[backlogSize];
            for (int i = 0; i < backlogSize; i++)
            {
                pending[i] = backlog[(backlogHead + i) % backlog.length];
            }
            return pending;
        }
    }

    /** Maximum throughput: every answer sends the next request on the same connection. */
    private static final class ClosedLoopRun extends Run
    {
        private final Runnable stopSending = () ->
        {
            sending = false;
            finishIfDone(System.nanoTime());
        };
        private final Runnable drainDeadline = () -> finish(System.nanoTime(), new long[0], 0);

        ClosedLoopRun(final Spec spec, final ByteBuf[] requests)
        {
            super(spec, requests);
        }

        double offeredRps()
        {
            return 0;
        }

        void start()
        {
            startClock();
            for (final Conn conn : conns)
            {
                for (int d = 0; d < spec.depth(); d++)
                {
                    write(conn, startNanos, startNanos);
                }
            }
            flushDirty();
            loop.schedule(stopSending, sendUntilNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            loop.schedule(drainDeadline, drainUntilNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        public void onResponse(final Conn conn, final int status, final long length, final long now)
        {
            if (finished)
            {
                return;
            }
            final long sent = conn.oldestSent();
            conn.pop();
            outstanding--;
            countResponse(status, length, now);
            if (now >= measureFromNanos && now < sendUntilNanos)
            {
                record(latency, now - sent);
                record(serviceTime, now - sent);
                measured++;
            }
            if (sending && conn.open)
            {
                write(conn, now, now);
            }
            else
            {
                finishIfDone(now);
            }
        }

        void onConnectionLost()
        {
            finishIfDone(System.nanoTime());
        }

        private void finishIfDone(final long now)
        {
            if (!sending && 0 == outstanding)
            {
                finish(now, new long[0], 0);
            }
        }
    }

    /** Hands buffers to the scanner and flushes what its callbacks wrote. */
    private static final class Reader extends ChannelInboundHandlerAdapter
    {
        private final Run run;
        private final Conn conn;

        Reader(final Run run, final Conn conn)
        {
            this.run = run;
            this.conn = conn;
        }

        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final ByteBuf in = (ByteBuf)msg;
            try
            {
                if (!conn.scanner.scan(in))
                {
                    ctx.close();
                }
            }
            finally
            {
                in.release();
            }
        }

        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            if (conn.dirty)
            {
                conn.dirty = false;
                ctx.flush();
            }
        }

        public void channelInactive(final ChannelHandlerContext ctx)
        {
            run.onClosed(conn);
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }
}
