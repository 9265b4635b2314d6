using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace TorchSharp
{
    /// <summary>Disposes, when it is disposed, every tensor created while it was the innermost scope
    /// on its thread (TorchSharp semantics: nested scopes, MoveToOuter, Detach).</summary>
    /// <remarks>A scope belongs to the thread that created it: attaching, detaching, moving and disposing
    /// through it on another thread is an <see cref="InvalidOperationException"/>. A tensor it holds may
    /// be disposed on any thread; the scope then forgets it safely.</remarks>
    public sealed class DisposeScope : IDisposable
    {
        private readonly DisposeScopeManager manager;
        private readonly int ownerThread = Environment.CurrentManagedThreadId;
        // Insertion-ordered set, so disposal order is deterministic. Guarded by `gate`: tensors disposed
        // on other threads remove themselves concurrently.
        private readonly object gate = new object();
        private readonly LinkedList<IDisposable> order = new LinkedList<IDisposable>();
        private readonly Dictionary<IDisposable, LinkedListNode<IDisposable>> nodes = new Dictionary<IDisposable, LinkedListNode<IDisposable>>(ReferenceEqualityComparer.Instance);

        internal DisposeScope(DisposeScopeManager manager, DisposeScope outer)
        {
            this.manager = manager;
            OuterScope = outer;
        }

        internal DisposeScope OuterScope { get; }
        internal bool IsDisposed { get; private set; }

        public int DisposablesCount { get { lock (gate) return nodes.Count; } }
        public IReadOnlyList<IDisposable> DisposablesView { get { lock (gate) return order.ToList(); } }

        public bool Contains(IDisposable disposable) { lock (gate) return nodes.ContainsKey(disposable); }

        private void CheckThread(string member)
        {
            int current = Environment.CurrentManagedThreadId;
            if (current != ownerThread)
                throw new InvalidOperationException(
                    $"DisposeScope.{member} was called on thread {current}, but the scope belongs to thread {ownerThread}, which created it. " +
                    "A scope tracks the tensors its own thread creates and may only be used on that thread; " +
                    "tensors themselves may be disposed on any thread.");
        }

        public void Attach(IDisposable disposable)
        {
            CheckThread(nameof(Attach));
            AttachOwn(disposable);
        }

        /// <summary>Attach without the thread check: for tensors created on the owning thread.</summary>
        internal void AttachOwn(IDisposable disposable)
        {
            if (disposable is torch.Tensor t) {
                var previous = t.OwningDisposeScope;
                if (ReferenceEquals(previous, this)) return;
                previous?.Forget(t);
                t.OwningDisposeScope = this;
                manager.StatisticsInstance.OnAttached();
            }
            lock (gate) {
                if (!nodes.ContainsKey(disposable)) nodes[disposable] = order.AddLast(disposable);
            }
        }

        public void Attach(params IDisposable[] disposables)
        {
            foreach (var d in disposables) Attach(d);
        }

        public IReadOnlyList<IDisposable> Attach(IEnumerable<IDisposable> disposables)
        {
            var list = disposables.ToList();
            foreach (var d in list) Attach(d);
            return list;
        }

        /// <summary>Removes from this scope without disposing; the caller owns it now.</summary>
        public T Detach<T>(T disposable) where T : IDisposable
        {
            CheckThread(nameof(Detach));
            if (Forget(disposable)) {
                if (disposable is torch.Tensor t) {
                    t.OwningDisposeScope = null;
                    t.ReportNativeMemory();   // no scope frees it now: the GC must know its size
                }
                manager.StatisticsInstance.OnDetached();
            }
            return disposable;
        }

        public void Detach(params IDisposable[] disposables)
        {
            foreach (var d in disposables) Detach(d);
        }

        public void Detach(IEnumerable<IDisposable> disposables)
        {
            foreach (var d in disposables.ToList()) Detach(d);
        }

        public (T1, T2) Detach<T1, T2>(T1 first, T2 second) where T1 : IDisposable where T2 : IDisposable => (Detach(first), Detach(second));
        public (T1, T2, T3) Detach<T1, T2, T3>(T1 first, T2 second, T3 third) where T1 : IDisposable where T2 : IDisposable where T3 : IDisposable => (Detach(first), Detach(second), Detach(third));

        /// <summary>Moves to the next outer scope, or detaches if this is the outermost one.</summary>
        public T MoveToOuter<T>(T disposable) where T : IDisposable => MoveToOther(OuterScope, disposable);
        public void MoveToOuter(params IDisposable[] disposables) { foreach (var d in disposables) MoveToOuter(d); }
        public void MoveToOuter(IEnumerable<IDisposable> disposables) { foreach (var d in disposables.ToList()) MoveToOuter(d); }
        public (T1, T2) MoveToOuter<T1, T2>(T1 first, T2 second) where T1 : IDisposable where T2 : IDisposable => (MoveToOuter(first), MoveToOuter(second));
        public (T1, T2, T3) MoveToOuter<T1, T2, T3>(T1 first, T2 second, T3 third) where T1 : IDisposable where T2 : IDisposable where T3 : IDisposable => (MoveToOuter(first), MoveToOuter(second), MoveToOuter(third));

        public T MoveToOther<T>(DisposeScope scope, T disposable) where T : IDisposable
        {
            CheckThread(nameof(MoveToOther));
            scope?.CheckThread(nameof(MoveToOther));
            if (!Forget(disposable)) return disposable;
            if (disposable is torch.Tensor t) {
                t.OwningDisposeScope = null;
                if (scope is null) t.ReportNativeMemory();   // no scope frees it now: the GC must know its size
            }
            if (scope is null) manager.StatisticsInstance.OnDetached();
            else scope.Attach(disposable);
            return disposable;
        }

        public void MoveToOther(DisposeScope scope, params IDisposable[] disposables) { foreach (var d in disposables) MoveToOther(scope, d); }
        public void MoveToOther(DisposeScope scope, IEnumerable<IDisposable> disposables) { foreach (var d in disposables.ToList()) MoveToOther(scope, d); }

        /// <summary>Forgets an object that was disposed by other means.</summary>
        public void MarkAsDisposed(IDisposable disposable) => Forget(disposable);

        public void DisposeEverything() => DisposeEverythingBut(Array.Empty<IDisposable>());

        public void DisposeEverythingBut(IEnumerable<IDisposable> inKeep)
        {
            CheckThread(nameof(DisposeEverythingBut));
            DisposeAllBut(inKeep);
        }

        private void DisposeAllBut(IEnumerable<IDisposable> inKeep)
        {
            var keep = new HashSet<IDisposable>(inKeep, ReferenceEqualityComparer.Instance);
            List<IDisposable> snapshot;
            lock (gate) snapshot = order.ToList();
            foreach (var d in snapshot) {
                if (keep.Contains(d)) continue;
                Forget(d);
                d.Dispose();   // a tensor still names this scope, so it is counted as disposed in scope
            }
        }

        public void DisposeEverythingBut(params IDisposable[] keep) => DisposeEverythingBut((IEnumerable<IDisposable>)keep);
        public T DisposeEverythingBut<T>(T keep) where T : IDisposable { DisposeEverythingBut(new IDisposable[] { keep }); return keep; }

        /// <summary>Disposes what the scope holds and ends it. Allowed on any thread, as in TorchSharp: the
        /// continuation of an <c>await</c> inside a <c>using</c> scope may run on another thread.</summary>
        public void Dispose()
        {
            if (IsDisposed) return;
            IsDisposed = true;
            DisposeAllBut(Array.Empty<IDisposable>());
            manager.OnScopeDisposed(this);
        }

        /// <summary>Removes from the bookkeeping only (on any thread); true if it was attached here.</summary>
        internal bool Forget(IDisposable disposable)
        {
            if (disposable is null) return false;
            lock (gate) {
                if (!nodes.TryGetValue(disposable, out var node)) return false;
                order.Remove(node);
                nodes.Remove(disposable);
                return true;
            }
        }
    }
}
