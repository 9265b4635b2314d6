using System;

namespace TorchSharp
{
    /// <summary>The per-thread stack of dispose scopes and the tensor lifetime statistics.</summary>
    public class DisposeScopeManager
    {
        [ThreadStatic] private static DisposeScopeManager threadSingleton;

        internal static DisposeScopeManager ThreadSingleton => threadSingleton ??= new DisposeScopeManager();

        public static ThreadDisposeScopeStatistics Statistics => ThreadSingleton.statistics;

        private readonly ThreadDisposeScopeStatistics statistics = new ThreadDisposeScopeStatistics();
        internal ThreadDisposeScopeStatistics StatisticsInstance => statistics;

        internal DisposeScope CurrentDisposeScope { get; private set; }

        internal DisposeScope NewDisposeScope()
        {
            CurrentDisposeScope = new DisposeScope(this, CurrentDisposeScope);
            return CurrentDisposeScope;
        }

        // Scopes are disposed innermost first; disposing an outer one first unwinds past the inner ones.
        internal void OnScopeDisposed(DisposeScope scope)
        {
            var s = CurrentDisposeScope;
            while (s != null && !ReferenceEquals(s, scope)) s = s.OuterScope;
            if (s != null) CurrentDisposeScope = scope.OuterScope;
        }

        internal void OnCreated(torch.Tensor tensor, bool attachToScope)
        {
            var scope = CurrentDisposeScope;
            if (attachToScope && scope != null) {
                scope.AttachOwn(tensor);
                statistics.OnCreated(inScope: true);
            } else {
                statistics.OnCreated(inScope: false);
            }
        }

        internal void OnReleased(torch.Tensor tensor, bool inScope) => statistics.OnDisposed(inScope);

    }

    /// <summary>Counts of tensors created, attached, detached and disposed on this thread.</summary>
    public class LifetimeStatistics
    {
        public long CreatedInScopeCount { get; internal set; }
        public long CreatedOutsideScopeCount { get; internal set; }
        public long AttachedToScopeCount { get; internal set; }
        public long DetachedFromScopeCount { get; internal set; }
        public long DisposedInScopeCount { get; internal set; }
        public long DisposedOutsideScopeCount { get; internal set; }

        /// <summary>Created minus disposed on this thread (finalized tensors are not counted here).</summary>
        public long ThreadTotalLiveCount => CreatedInScopeCount + CreatedOutsideScopeCount - DisposedInScopeCount - DisposedOutsideScopeCount;

        public void Reset()
        {
            CreatedInScopeCount = CreatedOutsideScopeCount = AttachedToScopeCount = DetachedFromScopeCount = DisposedInScopeCount = DisposedOutsideScopeCount = 0;
        }

        public override string ToString() =>
            $"ThreadTotalLiveCount: {ThreadTotalLiveCount}; CreatedOutsideScopeCount: {CreatedOutsideScopeCount}; DisposedOutsideScopeCount: {DisposedOutsideScopeCount}; CreatedInScopeCount: {CreatedInScopeCount}; DisposedInScopeCount: {DisposedInScopeCount}; AttachedToScopeCount: {AttachedToScopeCount}; DetachedFromScopeCount: {DetachedFromScopeCount}";
    }

    public class ThreadDisposeScopeStatistics
    {
        public LifetimeStatistics TensorStatistics { get; } = new LifetimeStatistics();

        public long CreatedInScopeCount => TensorStatistics.CreatedInScopeCount;
        public long CreatedOutsideScopeCount => TensorStatistics.CreatedOutsideScopeCount;
        public long AttachedToScopeCount => TensorStatistics.AttachedToScopeCount;
        public long DetachedFromScopeCount => TensorStatistics.DetachedFromScopeCount;
        public long DisposedInScopeCount => TensorStatistics.DisposedInScopeCount;
        public long DisposedOutsideScopeCount => TensorStatistics.DisposedOutsideScopeCount;
        public long ThreadTotalLiveCount => TensorStatistics.ThreadTotalLiveCount;

        public void Reset() => TensorStatistics.Reset();
        public override string ToString() => TensorStatistics.ToString();

        internal void OnCreated(bool inScope)
        {
            if (inScope) TensorStatistics.CreatedInScopeCount++;
            else TensorStatistics.CreatedOutsideScopeCount++;
        }

        internal void OnDisposed(bool inScope)
        {
            if (inScope) TensorStatistics.DisposedInScopeCount++;
            else TensorStatistics.DisposedOutsideScopeCount++;
        }

        internal void OnAttached() => TensorStatistics.AttachedToScopeCount++;
        internal void OnDetached() => TensorStatistics.DetachedFromScopeCount++;
    }
}
