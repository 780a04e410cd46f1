"""Method-heavy OO: a Richards-like operating-system scheduler simulation.

Tasks (idle, worker, two handlers, two devices) exchange packets through a
scheduler; every step is a method call on a task object or a packet.
"""

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = 0, 1, 2, 3, 4, 5
KIND_DEVICE, KIND_WORK = 0, 1
BUFSIZE = 4


class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFSIZE

    def append_to(self, lst):
        self.link = None
        if lst is None:
            return self
        p = lst
        while p.link is not None:
            p = p.link
        p.link = self
        return lst


class Task:
    def __init__(self, sched, ident, prio, wkq):
        self.sched = sched
        self.ident = ident
        self.prio = prio
        self.wkq = wkq
        self.held = False
        self.waiting = wkq is None
        self.link = sched.tasks
        sched.tasks = self
        sched.table[ident] = self

    def ready(self):
        return not self.held and not self.waiting and True

    def runnable(self):
        return not self.held and (not self.waiting or self.wkq is not None)

    def add_packet(self, pkt, old):
        if self.wkq is None:
            self.wkq = pkt
            self.waiting = False
            if self.prio > old.prio:
                return self
        else:
            self.wkq = pkt.append_to(self.wkq)
        return old

    def take_packet(self):
        pkt = self.wkq
        if pkt is not None:
            self.wkq = pkt.link
            self.waiting = False
        return pkt

    def run(self, pkt):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, sched, ident, prio, count):
        Task.__init__(self, sched, ident, prio, None)
        self.waiting = False
        self.v1 = 1
        self.count = count

    def run(self, pkt):
        self.count -= 1
        if self.count == 0:
            return self.sched.hold_self()
        if self.v1 & 1 == 0:
            self.v1 = self.v1 >> 1
            return self.sched.release(DEVICE_A)
        self.v1 = (self.v1 >> 1) ^ 0xD008
        return self.sched.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, sched, ident, prio, wkq):
        Task.__init__(self, sched, ident, prio, wkq)
        self.dest = HANDLER_A
        self.count = 0

    def run(self, pkt):
        if pkt is None:
            return self.sched.wait_self()
        self.dest = HANDLER_B if self.dest == HANDLER_A else HANDLER_A
        pkt.ident = self.dest
        pkt.datum = 0
        for i in range(BUFSIZE):
            self.count += 1
            if self.count > 26:
                self.count = 1
            pkt.data[i] = 64 + self.count
        return self.sched.queue(pkt)


class HandlerTask(Task):
    def __init__(self, sched, ident, prio, wkq):
        Task.__init__(self, sched, ident, prio, wkq)
        self.work_in = None
        self.device_in = None

    def run(self, pkt):
        if pkt is not None:
            if pkt.kind == KIND_WORK:
                self.work_in = pkt.append_to(self.work_in)
            else:
                self.device_in = pkt.append_to(self.device_in)
        work = self.work_in
        if work is not None:
            count = work.datum
            if count < BUFSIZE:
                dev = self.device_in
                if dev is not None:
                    self.device_in = dev.link
                    dev.datum = work.data[count]
                    work.datum = count + 1
                    return self.sched.queue(dev)
            else:
                self.work_in = work.link
                return self.sched.queue(work)
        return self.sched.wait_self()


class DeviceTask(Task):
    def __init__(self, sched, ident, prio, wkq):
        Task.__init__(self, sched, ident, prio, wkq)
        self.pending = None

    def run(self, pkt):
        if pkt is None:
            pkt = self.pending
            if pkt is None:
                return self.sched.wait_self()
            self.pending = None
            return self.sched.queue(pkt)
        self.pending = pkt
        self.sched.checksum += pkt.datum
        return self.sched.hold_self()


class Scheduler:
    def __init__(self):
        self.tasks = None
        self.table = [None] * 6
        self.current = None
        self.queue_count = 0
        self.hold_count = 0
        self.checksum = 0

    def release(self, ident):
        t = self.table[ident]
        t.held = False
        if t.prio > self.current.prio:
            return t
        return self.current

    def hold_self(self):
        self.hold_count += 1
        self.current.held = True
        return self.current.link

    def wait_self(self):
        self.current.waiting = True
        return self.current

    def queue(self, pkt):
        t = self.table[pkt.ident]
        self.queue_count += 1
        pkt.link = None
        pkt.ident = self.current.ident
        return t.add_packet(pkt, self.current)

    def schedule(self):
        t = self.tasks
        while t is not None:
            if t.held or (t.waiting and t.wkq is None):
                t = t.link
                continue
            self.current = t
            pkt = None
            if t.waiting or not t.held:
                pkt = t.take_packet()
            t = t.run(pkt)


def run(count):
    s = Scheduler()
    IdleTask(s, IDLE, 1, count)
    wkq = Packet(None, WORKER, KIND_WORK)
    wkq = Packet(wkq, WORKER, KIND_WORK)
    WorkerTask(s, WORKER, 1000, wkq)
    wkq = Packet(None, DEVICE_A, KIND_DEVICE)
    wkq = Packet(wkq, DEVICE_A, KIND_DEVICE)
    wkq = Packet(wkq, DEVICE_A, KIND_DEVICE)
    HandlerTask(s, HANDLER_A, 2000, wkq)
    wkq = Packet(None, DEVICE_B, KIND_DEVICE)
    wkq = Packet(wkq, DEVICE_B, KIND_DEVICE)
    wkq = Packet(wkq, DEVICE_B, KIND_DEVICE)
    HandlerTask(s, HANDLER_B, 3000, wkq)
    DeviceTask(s, DEVICE_A, 4000, None)
    DeviceTask(s, DEVICE_B, 5000, None)
    s.schedule()
    return s.queue_count, s.hold_count, s.checksum


results = [run(2000) for _ in range(2)]
print("richards", results[0], len(set(results)))
