namespace K8sNotify.Dispatcher.Routing;

/// <summary>The orders in which the routing strategies try a chain's providers.</summary>
public static class ProviderOrdering
{
    /// <summary>Lowest costPerMessage first; providers without a price come last; ties keep the listed order.</summary>
    public static ProviderChainLink[] Cheapest(IReadOnlyList<ProviderChainLink> links) =>
        [.. links.Select((link, index) => (link, index))
            .OrderBy(x => x.link.CostPerMessage is null ? 1 : 0)
            .ThenBy(x => x.link.CostPerMessage ?? 0m)
            .ThenBy(x => x.index)
            .Select(x => x.link)];

    /// <summary>
    /// A weighted draw without replacement: the first provider is picked with probability weight/total, the next among
    /// the rest the same way, so failover order also follows the weights. Weight-0 providers are only ever fallbacks, in listed order.
    /// </summary>
    public static ProviderChainLink[] Weighted(IReadOnlyList<ProviderChainLink> links, Random random)
    {
        var order = new ProviderChainLink[links.Count];
        Span<int> remaining = stackalloc int[links.Count];
        var count = 0;
        long total = 0;
        for (var i = 0; i < links.Count; i++)
        {
            if (links[i].Weight > 0)
            {
                remaining[count++] = i;
                total += links[i].Weight;
            }
        }

        var next = 0;
        while (count > 0)
        {
            var pick = random.NextInt64(total);
            var chosen = 0;
            for (var j = 0; j < count; j++)
            {
                pick -= links[remaining[j]].Weight;
                if (pick < 0)
                {
                    chosen = j;
                    break;
                }
            }

            var index = remaining[chosen];
            order[next++] = links[index];
            total -= links[index].Weight;
            remaining[chosen] = remaining[--count];
        }

        foreach (var link in links)
        {
            if (link.Weight <= 0)
            {
                order[next++] = link;
            }
        }

        return order;
    }
}
