using System;

namespace PodDataplane.Config;

/// <summary>A configuration value the dataplane cannot use; the message says which and what to write instead.</summary>
public sealed class DataplaneConfigException : Exception
{
    /// <summary>Creates the exception with its one-sentence message.</summary>
    public DataplaneConfigException(string message) : base(message) { }
}
