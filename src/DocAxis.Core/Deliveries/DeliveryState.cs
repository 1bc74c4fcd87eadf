namespace DocAxis.Core.Deliveries;

/// <summary>Where one letter stands at one recipient, as the hub sees it.</summary>
public enum DeliveryState
{
    /// <summary>Accepted and not yet delivered; attempted until delivered or given up.</summary>
    Pending = 1,

    /// <summary>The recipient's node verified and stored it and returned a signed receipt.</summary>
    Delivered = 2,

    /// <summary>The hub gave up; the sender is told why.</summary>
    Failed = 3,
}
