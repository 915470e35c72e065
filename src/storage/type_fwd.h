#pragma once

// Forward declarations for the storage area, so headers that only pass these types around need
// not include their definitions.

namespace ingot::storage {

struct Capabilities;
struct FileInfo;
struct ListOptions;
struct ResolvedPath;
class FaultInjectingFileSystem;
class FileSystem;
class FileSystemRegistry;
class LocalFileSystem;
class MemoryFileSystem;
class OutputStream;
class RandomAccessFile;
class SubTreeFileSystem;

}  // namespace ingot::storage
