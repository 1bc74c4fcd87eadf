using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages;

/// <summary>What a refused or failed request shows, under its own status code.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code) => (Title, Explanation) = code switch
    {
        400 => ("Yêu cầu không hợp lệ", "Biểu mẫu đã hết hạn hoặc không đến từ trang này; hãy tải lại trang và thử lại."),
        403 => ("Không có quyền truy cập", "Văn bản này không thuộc cơ quan của bạn. Lần truy cập này đã được ghi vào nhật ký."),
        404 => ("Không tìm thấy", "Không có trang hoặc văn bản nào ở địa chỉ này."),
        _ => ("Đã có lỗi", "Hệ thống chưa xử lý được yêu cầu; hãy thử lại sau ít phút."),
    };
}
